//! The integration tests, as one binary: each file is a module, so the crate and its
//! dependencies are linked once instead of once per file.

mod common;

mod check_cli;
mod class_cli;
mod cli_foundation;
mod cli_interrupt;
mod cli_stdout;
mod data_files;
mod forgiving;
mod gradient_check;
mod gradients;
mod grading;
mod hostile_files;
mod independent;
mod json_export;
mod lesson_errors;
mod lesson_fuzz;
mod lessons;
mod markdown_cli;
mod markdown_content;
mod markdown_export;
mod misconceptions;
mod optimizers;
mod precision_floor;
mod process_edges;
mod published_example;
mod pytorch_export;
mod pytorch_recurrent;
mod recurrent;
mod recurrent_check;
mod recurrent_files;
mod recurrent_tui;
mod remarks;
mod saves;
mod train_cli;
mod tui_e2e;
mod tui_keys;
mod tui_matrix;
mod tui_network;
mod tui_panels;
mod tui_process;
mod tui_props;
mod tui_quiz;
mod tui_render;
mod worksheet_fuzz;
