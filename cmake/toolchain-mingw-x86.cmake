# Cross-build OneTrans.dll for 32-bit Windows with MinGW-w64 (Debian: gcc-mingw-w64-i686).
#   cmake -S . -B build/windows-x86 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-mingw-x86.cmake
# Most legacy HIS hosts (PowerBuilder, Delphi 7, VB6) are 32-bit and need this one; it drives
# the same 64-bit node.exe as the x64 build.
set(ONETRANS_MINGW_TRIPLE i686-w64-mingw32)
# __stdcall functions are emitted as _MobileTrans@8, _MobileTransEx@12, _OneTransVersion@0,
# and __declspec(dllexport) exports them as "MobileTrans@8" etc. GetProcAddress(h,
# "MobileTrans"), Delphi's `external` and PowerBuilder's ALIAS FOR need the bare names (the
# vendor DLL exports those), so strip the @n from every export; native/OneTrans.def's bare
# names then resolve to the decorated symbols through ld's stdcall fixup (on, no warning).
set(ONETRANS_MINGW_EXTRA_SHARED_FLAGS "-Wl,--kill-at -Wl,--enable-stdcall-fixup")
include(${CMAKE_CURRENT_LIST_DIR}/mingw-common.cmake)
