# Knowledge files under data/ are compiled into the binary, so llmsa works from any directory
# and a result never depends on which data files happen to sit next to it.
file(GLOB_RECURSE LLMSA_DATA_FILES CONFIGURE_DEPENDS
     RELATIVE ${PROJECT_SOURCE_DIR}/data
     ${PROJECT_SOURCE_DIR}/data/*.json ${PROJECT_SOURCE_DIR}/data/*.yaml
     ${PROJECT_SOURCE_DIR}/data/*.csv ${PROJECT_SOURCE_DIR}/data/*.txt
     ${PROJECT_SOURCE_DIR}/data/*.js ${PROJECT_SOURCE_DIR}/data/*.css)
list(SORT LLMSA_DATA_FILES)
set(LLMSA_EMBEDDED_CPP ${CMAKE_BINARY_DIR}/generated/embedded_data_table.cpp)
set(_deps "")
foreach(f ${LLMSA_DATA_FILES})
  list(APPEND _deps ${PROJECT_SOURCE_DIR}/data/${f})
endforeach()
add_custom_command(
  OUTPUT ${LLMSA_EMBEDDED_CPP}
  COMMAND ${CMAKE_COMMAND} -DDATA_DIR=${PROJECT_SOURCE_DIR}/data
          "-DFILES=${LLMSA_DATA_FILES}" -DOUT=${LLMSA_EMBEDDED_CPP}
          -P ${PROJECT_SOURCE_DIR}/cmake/embed_data_gen.cmake
  DEPENDS ${_deps} ${PROJECT_SOURCE_DIR}/cmake/embed_data_gen.cmake
  COMMENT "Embedding data/ files"
  VERBATIM)
