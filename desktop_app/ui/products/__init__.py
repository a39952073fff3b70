"""The product screens: the list of products and one product's profile with its capabilities."""
