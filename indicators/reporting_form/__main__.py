import sys

from indicators.reporting_form.cli import main

sys.exit(main())
