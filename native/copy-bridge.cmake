# Copies the runtime bundle beside the library when it exists (cmake -P script).
if(EXISTS "${SRC}")
  execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${SRC}" "${DST}")
else()
  message(WARNING "${SRC} is missing: run `npm run build:ts` (or `npm run build`) so the library finds its runtime")
endif()
