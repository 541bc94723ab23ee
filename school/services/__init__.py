"""Business rules. Services never commit: the outermost caller commits once or rolls back."""
