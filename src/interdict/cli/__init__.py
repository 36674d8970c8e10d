"""The ``interdict`` command line (click). Adapters only: no business logic here."""
