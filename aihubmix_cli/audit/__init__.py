"""The audit engine: finding catalog ids in files, typos, the files read, suggestions and
cheaper alternatives, forked workers. Imports only catalog/ and base/."""
