//! Which form the current step is shown in: its scalar formula alone, or also as one entry of
//! its layer's vector equation (the matrix view, `m`). The form stays while stepping, until
//! toggled.

/// How the current step's number is explained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Form {
    /// The scalar formula, with the parameters it reads as matrices.
    #[default]
    Scalar,
    /// The scalar formula beside its layer's vector equation, with every entry.
    Matrix,
}

impl Form {
    /// The other form.
    pub fn toggled(self) -> Form {
        match self {
            Form::Scalar => Form::Matrix,
            Form::Matrix => Form::Scalar,
        }
    }

    /// The message id of what the status line says after switching to this form.
    pub fn announcement(self) -> &'static str {
        match self {
            Form::Matrix => "status-matrix-on",
            Form::Scalar => "status-matrix-off",
        }
    }
}
