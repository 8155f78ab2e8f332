"""Many communes in one repository: settings kept once per commune, a new commune, the province summary."""
