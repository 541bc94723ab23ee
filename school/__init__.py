"""The data model and the business rules shared by the back office and the portal."""
