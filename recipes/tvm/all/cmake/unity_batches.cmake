# Included after TVM's project() (CMAKE_PROJECT_INCLUDE): once TVM's CMakeLists has made its
# targets, their C++ sources are compiled in batches, each batch one translation unit that includes
# its sources in TVM's order: several times faster than compiling each of ~1,000 sources alone.
#
# Not CMake's own unity build, for two reasons found building TVM 0.18 with it:
# - its batches mix directories, and a `using namespace` of one directory collides with a name of
#   another (relay::CallNode against tir::CallNode, relay's Bool against tvm's);
# - in its GROUP mode the objects link in no particular order, and TVM registers its types and
#   operators from static constructors that must run in TVM's source order ("Cannot find type
#   DictAttrs" as libtvm.so loads).
# So a batch holds consecutive sources of one directory and stands where its first source stood.
# Batches are numbered by each source's place in its run, so that compiling a source alone
# changes only its own batch (conanfile.py's build() retries a batch that does not compile so).
set(EB_BATCH_SIZE 8)
# Sources that do not compile beside the others of their batch (GCC 12): compiled alone. The
# recipe's retry adds those a build finds (EB_ALONE_FOUND).
set(EB_ALONE
  src/ir/attrs.cc
  src/ir/expr.cc
  src/ir/transform.cc
  src/relax/analysis/layout_transformation.cc
  src/relax/transform/remove_unused_parameters.cc
  src/relax/transform/reorder_take_after_matmul.cc
  src/relay/backend/contrib/cmsisnn/tir_to_runtime.cc
  src/relay/collage/mock_cost_estimator.cc
  src/relay/printer/tir_text_printer.cc
  src/relay/printer/tvmscript_printer.cc
  src/runtime/micro/micro_session.cc
  src/target/opt/build_rocm_off.cc
  src/te/schedule/schedule_lang.cc
  src/tir/transforms/inject_ptx_ldg32.cc
  src/tir/transforms/make_unpacked_api.cc
  ${EB_ALONE_FOUND})

function(eb_batch target)
  get_target_property(sources ${target} SOURCES)
  set(result "")
  set(run_dir "")
  set(open "")
  foreach(source IN LISTS sources)
    if(source MATCHES "^\\$<")  # a generator expression: left as it is
      list(APPEND result "${source}")
      continue()
    endif()
    get_filename_component(path "${source}" ABSOLUTE BASE_DIR "${CMAKE_SOURCE_DIR}")
    file(RELATIVE_PATH rel "${CMAKE_SOURCE_DIR}" "${path}")
    get_filename_component(dir "${rel}" DIRECTORY)
    get_source_file_property(defs "${source}" COMPILE_DEFINITIONS)
    get_source_file_property(flags "${source}" COMPILE_FLAGS)
    get_source_file_property(options "${source}" COMPILE_OPTIONS)
    if(NOT dir STREQUAL run_dir)
      set(run_dir "${dir}")
      set(place 0)
    endif()
    math(EXPR number "${place} / ${EB_BATCH_SIZE}")
    math(EXPR place "${place} + 1")
    if(NOT rel MATCHES "^src/.*\\.cc$" OR rel IN_LIST EB_ALONE OR defs OR flags OR options)
      list(APPEND result "${source}")
      continue()
    endif()
    string(MAKE_C_IDENTIFIER "${target}_${dir}_${number}" name)
    if(NOT name STREQUAL open)
      set(open "${name}")
      list(APPEND result "${CMAKE_BINARY_DIR}/eb_batches/${name}.cc")
      set_property(GLOBAL APPEND PROPERTY EB_BATCHES "${name}")
    endif()
    set_property(GLOBAL APPEND_STRING PROPERTY "EB_BATCH_${name}" "#include \"${path}\"\n")
  endforeach()
  set_property(TARGET ${target} PROPERTY SOURCES "${result}")
endfunction()

function(eb_batch_all)
  foreach(target tvm_objs tvm_runtime_objs)
    eb_batch(${target})
  endforeach()
  get_property(batches GLOBAL PROPERTY EB_BATCHES)
  foreach(name IN LISTS batches)
    get_property(lines GLOBAL PROPERTY "EB_BATCH_${name}")
    # file(CONFIGURE) writes only when the text changes: a reconfigure recompiles no other batch.
    file(CONFIGURE OUTPUT "${CMAKE_BINARY_DIR}/eb_batches/${name}.cc" CONTENT "${lines}" @ONLY)
  endforeach()
endfunction()

cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL eb_batch_all)
