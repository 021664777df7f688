fn main() {
    faultline::progress::writer::run();
}
