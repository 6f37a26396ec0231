"""Who is running this program, from the operating system itself, never from the environment.

getpass.getuser() reads LOGNAME, USER, LNAME and USERNAME first, so any user could claim to be another
(`LOGNAME=root talentdesk --trust-os-user …`). Here the name comes from the process's real uid on POSIX
(pwd.getpwuid(os.getuid())) and from the process token on Windows (the token's user SID, looked up to
DOMAIN\\name). When the OS cannot tell, name() says so (None) and callers that trust the OS user refuse.
"""

from __future__ import annotations

import os
import sys


def name() -> str | None:
    """The OS account running this process (POSIX: the real uid's login; Windows: DOMAIN\\name), or None."""
    try:
        if sys.platform == "win32":
            domain, user = _windows_token_account()
            return f"{domain}\\{user}" if domain else user
        return _posix_account()
    except (OSError, KeyError, ValueError, AttributeError, ImportError):
        return None


def label() -> str:
    """The OS account for audit rows and lock files: never empty, never taken from the environment."""
    found = name()
    if found:
        return found
    if sys.platform != "win32":
        return f"uid {os.getuid()}"
    return "unknown"


def same(recorded: str | None, current: str | None) -> bool:
    """Is CURRENT (from name()) the OS account RECORDED on an account? Windows names are case-insensitive;
    an account recorded without its domain (older versions) matches the name part of DOMAIN\\name."""
    if not recorded or not current:
        return False
    if sys.platform != "win32":
        return recorded == current
    recorded, current = recorded.casefold(), current.casefold()
    if "\\" not in recorded:
        current = current.rsplit("\\", 1)[-1]
    return recorded == current


def _posix_account() -> str:
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name


def _windows_token_account() -> tuple[str, str]:
    """(domain, name) of the user in this process's access token (OpenProcessToken, GetTokenInformation
    TokenUser, LookupAccountSidW). Raises OSError when any call fails."""
    if sys.platform != "win32":
        raise OSError("not Windows")
    import ctypes
    from ctypes import wintypes

    advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    token = wintypes.HANDLE()
    TOKEN_QUERY, TOKEN_USER_CLASS = 0x0008, 1
    if not advapi32.OpenProcessToken(kernel32.GetCurrentProcess(), TOKEN_QUERY, ctypes.byref(token)):
        raise ctypes.WinError(ctypes.get_last_error())
    try:
        size = wintypes.DWORD()
        advapi32.GetTokenInformation(token, TOKEN_USER_CLASS, None, 0, ctypes.byref(size))
        buf = ctypes.create_string_buffer(size.value)
        if not advapi32.GetTokenInformation(token, TOKEN_USER_CLASS, buf, size, ctypes.byref(size)):
            raise ctypes.WinError(ctypes.get_last_error())
        sid = ctypes.cast(buf, ctypes.POINTER(ctypes.c_void_p))[0]  # TOKEN_USER.User.Sid
        user_len, domain_len, use = wintypes.DWORD(256), wintypes.DWORD(256), wintypes.DWORD()
        user, domain = ctypes.create_unicode_buffer(256), ctypes.create_unicode_buffer(256)
        if not advapi32.LookupAccountSidW(
            None,
            ctypes.c_void_p(sid),
            user,
            ctypes.byref(user_len),
            domain,
            ctypes.byref(domain_len),
            ctypes.byref(use),
        ):
            raise ctypes.WinError(ctypes.get_last_error())
        return domain.value, user.value
    finally:
        kernel32.CloseHandle(token)
