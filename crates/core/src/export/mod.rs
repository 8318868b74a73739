//! Writers of the formats a site can leave in. Pure: they write to any `std::io::Write`.

pub mod wordpress;
