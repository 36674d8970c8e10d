"""The API's routers: matching, search, entities, system information."""
