//! The simulator lands in the next commit.
