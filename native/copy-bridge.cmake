# Copies the runtime beside the library when it exists (cmake -P script): the entry node runs
# (onetrans-bridge.cjs, a small loader) and the runtime it compiles (onetrans-bridge-body.cjs).
foreach(_name onetrans-bridge.cjs onetrans-bridge-body.cjs)
  if(EXISTS "${SRC_DIR}/${_name}")
    execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${SRC_DIR}/${_name}" "${DST_DIR}/${_name}")
  else()
    message(WARNING "${SRC_DIR}/${_name} is missing: run `npm run build:ts` (or `npm run build`) so the library finds its runtime")
  endif()
endforeach()
