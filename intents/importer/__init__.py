"""Reading CMS Physician Fee Schedule files as CMS publishes them."""
