"""How figures come in: reading reports, review, the reporting form, bringing in the corpus."""
