fn main() {
    faultline::start_home();
}
