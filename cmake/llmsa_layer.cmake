# One static library per layer (a folder of src/). Dependencies are declared downwards only,
# so an upward include shows up as a link error instead of a quiet tangle.
# Sources are globbed so that adding a file to a layer never needs an edit here.
function(llmsa_layer name)
  cmake_parse_arguments(L "" "" "DEPS;EXTRA_SOURCES" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS
       ${CMAKE_CURRENT_SOURCE_DIR}/${name}/*.cpp)
  list(APPEND srcs ${L_EXTRA_SOURCES})
  if(srcs)
    add_library(llmsa_${name} STATIC ${srcs})
    target_include_directories(llmsa_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(llmsa_${name} PUBLIC ${L_DEPS})
  else()
    add_library(llmsa_${name} INTERFACE)
    target_include_directories(llmsa_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(llmsa_${name} INTERFACE ${L_DEPS})
  endif()
endfunction()
