"""Promises every command keeps, tested across them: the JSON contract, hostile data and
attacks, start-up cost, packaging, the layers of the package, the shared option rules."""
