"""The audit trail: who saw or changed what, when and from where - never personal values.

Events are chained by hash so tampering shows (``flask --app wsgi audit verify``); the
application only ever adds events. See ``hooks.py`` for what is recorded automatically.
"""
