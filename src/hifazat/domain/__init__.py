"""Pure core: values in, values out. No database, HTTP, environment, clock or randomness."""
