# Shared part of toolchain-mingw-x64.cmake / toolchain-mingw-x86.cmake (set
# ONETRANS_MINGW_TRIPLE first). CMake reads toolchain files several times (once per
# try_compile), so this only sets variables.
set(CMAKE_SYSTEM_NAME Windows)
if(ONETRANS_MINGW_TRIPLE MATCHES "^x86_64")
  set(CMAKE_SYSTEM_PROCESSOR AMD64)
else()
  set(CMAKE_SYSTEM_PROCESSOR X86)
endif()

set(CMAKE_C_COMPILER ${ONETRANS_MINGW_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${ONETRANS_MINGW_TRIPLE}-g++)
set(CMAKE_RC_COMPILER ${ONETRANS_MINGW_TRIPLE}-windres)

# Only the cross sysroot is searched for libraries and headers; programs come from the host.
set(CMAKE_FIND_ROOT_PATH /usr/${ONETRANS_MINGW_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# A HIS machine has no MinGW runtime: link libgcc (and winpthread, if ever pulled in)
# statically so OneTrans.dll imports only system DLLs (KERNEL32, msvcrt).
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static -static-libgcc")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static -static-libgcc")

# The export list: bare MobileTrans, MobileTransEx, OneTransVersion on both architectures.
# Given here so the project's CMakeLists.txt needs no Windows-specific lines; a .def file
# on the link line is read by ld wherever it appears.
set(ONETRANS_DEF_FILE "${CMAKE_CURRENT_LIST_DIR}/../native/OneTrans.def")
get_filename_component(ONETRANS_DEF_FILE "${ONETRANS_DEF_FILE}" ABSOLUTE)
string(APPEND CMAKE_SHARED_LINKER_FLAGS_INIT " \"${ONETRANS_DEF_FILE}\"")
if(ONETRANS_MINGW_EXTRA_SHARED_FLAGS)
  string(APPEND CMAKE_SHARED_LINKER_FLAGS_INIT " ${ONETRANS_MINGW_EXTRA_SHARED_FLAGS}")
endif()
