# Cross-build OneTrans.dll for 64-bit Windows with MinGW-w64 (Debian: gcc-mingw-w64-x86-64).
#   cmake -S . -B build/windows-x64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-mingw-x64.cmake
# Used by scripts/package-windows.mjs; see docs/windows/接入说明.md for what ships.
set(ONETRANS_MINGW_TRIPLE x86_64-w64-mingw32)
include(${CMAKE_CURRENT_LIST_DIR}/mingw-common.cmake)
