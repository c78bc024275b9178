"""Every word the network shows people, in each of its languages: the catalogue, the words for
the domain's codes, the formats of dates and numbers, and the templates' environment."""
