pub mod app;
pub mod layer_diagram;
pub mod site_header;
