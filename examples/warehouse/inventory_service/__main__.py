"""`python -m inventory_service [--port 8101] [--data-dir var]` (run from examples/warehouse)."""

from inventory_service.serve import main

main()
