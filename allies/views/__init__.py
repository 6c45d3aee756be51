"""The allies pages, by family: the owner's, the ally's space, the invitation link."""
