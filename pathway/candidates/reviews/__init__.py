"""Weekly reviews: a support provider's areas, each review's scores, and their trend."""
