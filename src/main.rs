fn main() {
    faultline::start();
}
