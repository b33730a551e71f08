"""Run a pvxs QSRV2 IOC from the epicscorelibs/pvxslibs wheels.

Usage: python ioc.py LIFETIME_SECONDS DB[:MACROS] [DB[:MACROS]]...
Loads each database, runs iocInit, prints "IOC READY" and serves until the
lifetime ends (or SIGTERM). The environment must keep traffic on loopback.
"""

import os
import signal
import sys
import time

os.environ["PVXS_QSRV_ENABLE"] = "YES"

import pvxslibs.path  # noqa: E402
from epicscorelibs import ioc  # noqa: E402


def main() -> None:
    lifetime = float(sys.argv[1])
    dbs = []
    for arg in sys.argv[2:]:
        path, _, macros = arg.partition(":")
        dbs.append((path, macros))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    ioc.start_ioc(
        dbs=dbs,
        extra_dbd_load=(("pvxsIoc.dbd", pvxslibs.path.dbd_path),),
        extra_dso_load=("pvxslibs.lib.pvxsIoc",),
    )
    print("IOC READY", flush=True)
    time.sleep(lifetime)


if __name__ == "__main__":
    main()
