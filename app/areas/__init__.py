"""Areas: the tree from municipality down to street, with CBS-style codes and postcodes."""
