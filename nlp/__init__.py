"""Reading council documents into records, and extracting facts from them."""
