"""The standard referral form: templates, PDF, signed QR and serial checks."""
