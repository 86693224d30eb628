// The Kineto reader for the build's baseline instruction set (simdjson's builtin implementation).
#include <simdjson.h>

#include "trace/kineto/kineto_reader_impl.hpp"

#define KINETO_SIMDJSON_NS simdjson::builtin
#define KINETO_IMPL_NS kineto_generic
#include "trace/kineto/kineto_reader_impl.inl"
