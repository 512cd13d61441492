fn main() -> std::process::ExitCode {
    bpnn_tutor::cli::run()
}
