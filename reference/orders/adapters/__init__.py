"""Orders adapters: tables, repositories, migrations and the Payments client."""
