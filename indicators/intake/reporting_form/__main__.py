import sys

from indicators.intake.reporting_form.cli import main

sys.exit(main())
