"""Start Rasa's command line (`rasa run`, `rasa test` …) with the speed-ups of addons/speedups.py.

Used by .ci/bot.sh instead of the `rasa` script: `python serve.py run --model …`.
"""

import sys

from addons import speedups

if __name__ == "__main__":
    speedups.apply()
    from rasa.__main__ import main

    sys.argv[0] = "rasa"
    main()
