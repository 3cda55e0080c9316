"""The cluster's Reflex parts (``.ci/cluster.sh``): build the frontend once, serve it from N workers.

    python .ci/cluster_worker.py build PUBLIC_PORT   compile the app and build the frontend for the
                                                     public port (nginx's), under Reflex's own lock
                                                     on .web — what `reflex run --env prod` does
                                                     before it serves
    python .ci/cluster_worker.py serve PORT [HOST]   one backend worker: the production backend on
                                                     PORT (one process), the frontend build already
                                                     in .web mounted beside it; never builds

Why not ``reflex run --env prod --single-port`` per worker: each would compile and rebuild .web
(one build at a time per checkout, and they would fight over it); and ``--backend-only`` does not
serve the frontend shell the server-rendered pages (app/api/prerender.py) are poured into.
These are the same Reflex calls ``reflex run --env prod --single-port`` makes, split in two.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(public_port: int) -> None:
    from reflex.reflex import _compile_app
    from reflex.utils import build as rx_build
    from reflex.utils import path_ops, prerequisites
    from reflex_base import constants
    from reflex_base.config import get_config
    from reflex_base.environment import environment

    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_COMPILE_CONTEXT.set(constants.CompileContext.RUN)
    config = get_config()
    with path_ops.file_lock(prerequisites.get_web_dir()):
        # The browser reaches the backend through nginx: the build names nginx's port (the
        # frontend keeps the page's own host name, see .web/utils/state.js getBackendURL).
        config._set_persistent(frontend_port=public_port, backend_port=public_port)
        _compile_app(avoid_dirty_check=False)
        rx_build.setup_frontend_prod(ROOT)


def serve(port: int, host: str = "127.0.0.1") -> None:
    from reflex.utils import exec as rx_exec
    from reflex_base import constants
    from reflex_base.config import get_config
    from reflex_base.environment import environment

    index = ROOT / ".web" / "build" / "client" / "index.html"
    if not index.exists():
        sys.exit("cluster worker: no frontend build in .web (run `bash .ci/cluster.sh build` first)")
    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)
    # One process per worker: the cluster's workers are separate processes on separate ports
    # behind nginx (Reflex would otherwise start 2 × cores + 1 Granian workers with Redis).
    os.environ["GRANIAN_WORKERS"] = "1"
    config = get_config()
    rx_exec.run_backend_prod(host, port, config.loglevel.subprocess_level(), mount_frontend_compiled_app=True)


def main(argv: list[str]) -> None:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    if len(argv) >= 2 and argv[0] == "build":
        build(int(argv[1]))
    elif len(argv) >= 2 and argv[0] == "serve":
        serve(int(argv[1]), argv[2] if len(argv) > 2 else "127.0.0.1")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
