"""The interfaces over the library: the command line, the HTTP service and the web page."""
