# Included after TVM's project() (CMAKE_PROJECT_INCLUDE). A unity build compiles batches of
# sources as one translation unit, several times faster than a plain build. CMake's own batches
# mix directories, and a `using namespace` of one directory then collides with a name of another
# (relay::CallNode against tir::CallNode, relay's Bool against tvm's). So: batches within one
# directory, numbered by each source's place in it, so that compiling a source alone changes only
# its own batch (conanfile.py's build() relies on that to retry a batch that does not compile).
set(EB_UNITY_BATCH 8)
# Sources that do not compile beside their batch (found with GCC 12), and those the recipe's
# retry found: compiled alone.
set(EB_UNITY_ALONE
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
  ${EB_UNITY_ALONE_FOUND})
file(GLOB_RECURSE _eb_sources "${CMAKE_CURRENT_SOURCE_DIR}/src/*.cc")
list(SORT _eb_sources)
set(_eb_dir "")
foreach(_eb_source IN LISTS _eb_sources)
  file(RELATIVE_PATH _eb_rel "${CMAKE_CURRENT_SOURCE_DIR}" "${_eb_source}")
  get_filename_component(_eb_source_dir "${_eb_rel}" DIRECTORY)
  if(NOT _eb_source_dir STREQUAL _eb_dir)
    set(_eb_dir "${_eb_source_dir}")
    set(_eb_count 0)
  endif()
  math(EXPR _eb_batch "${_eb_count} / ${EB_UNITY_BATCH}")
  math(EXPR _eb_count "${_eb_count} + 1")
  if(_eb_rel IN_LIST EB_UNITY_ALONE)
    continue()
  endif()
  string(MAKE_C_IDENTIFIER "${_eb_source_dir}_${_eb_batch}" _eb_group)
  set_source_files_properties("${_eb_source}" PROPERTIES UNITY_GROUP "${_eb_group}")
endforeach()
