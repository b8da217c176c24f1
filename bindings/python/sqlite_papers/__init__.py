"""sqlite_papers: load the papers SQLite extension into a sqlite3 connection.

    import sqlite3, sqlite_papers
    conn = sqlite3.connect(":memory:")
    sqlite_papers.load(conn)

load(conn) turns extension loading on, loads the library and turns loading
off again, so SQL run later on the connection cannot load libraries itself.
loadable_path() says which library that is: $PAPERS_EXTENSION when set,
else papers.so where the Debian package or `make install` put it.

Python's sqlite3 module can load extensions only when Python was built with
--enable-loadable-sqlite-extensions: Debian's /usr/bin/python3 is; pyenv's
and some other builds are not, and load() says so.
"""
import os
import sqlite3
import sysconfig

__all__ = ["load", "loadable_path", "LoadError"]

ENV = "PAPERS_EXTENSION"


class LoadError(RuntimeError):
    """The extension could not be found or this Python cannot load it."""


def _lib_dirs():
    """Where papers.so may be, in order: the lib folder this module was
    installed under (PREFIX/lib/python3/dist-packages/sqlite_papers), then
    the system's, each with and without the multiarch folder."""
    here = os.path.dirname(os.path.abspath(__file__))
    prefixes = [os.path.normpath(os.path.join(here, "..", "..", "..", "..")), "/usr", "/usr/local"]
    arch = sysconfig.get_config_var("MULTIARCH") or ""
    dirs = []
    for prefix in prefixes:
        for d in ([os.path.join(prefix, "lib", arch)] if arch else []) + [os.path.join(prefix, "lib")]:
            if d not in dirs:
                dirs.append(d)
    return dirs


def loadable_path():
    """The path of the papers library: $PAPERS_EXTENSION if set (a path,
    with or without .so), else the first papers.so found where the Debian
    package or `make install` puts it. Raises LoadError when none is."""
    path = os.environ.get(ENV)
    if path:
        return path
    tried = [os.path.join(d, "papers.so") for d in _lib_dirs()]
    for candidate in tried:
        if os.path.isfile(candidate):
            return candidate
    raise LoadError("papers.so not found (looked in %s); install the papers package or run "
                    "`make install`, or set %s to the library's path" % (", ".join(tried), ENV))


def load(conn):
    """Load the papers extension into conn, a sqlite3.Connection: enables
    extension loading, loads loadable_path(), and disables loading again."""
    if not hasattr(conn, "enable_load_extension"):
        raise LoadError(
            "this Python's sqlite3 module cannot load extensions (it was built without "
            "--enable-loadable-sqlite-extensions, as pyenv's and some other builds are); "
            "use Debian's /usr/bin/python3, or a Python built with "
            "--enable-loadable-sqlite-extensions")
    path = loadable_path()
    conn.enable_load_extension(True)
    try:
        conn.load_extension(path)
    except sqlite3.OperationalError as e:
        raise LoadError("cannot load %s: %s" % (path, e)) from e
    finally:
        conn.enable_load_extension(False)
