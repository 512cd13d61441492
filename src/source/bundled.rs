//! Files compiled into the binary from one folder of the repository (the bundled lessons, the
//! bundled worksheets), found by the name a learner types.

/// The files of one folder compiled in, in the order they are listed to the learner.
pub struct Shelf<T: 'static> {
    /// The folder in the repository, with its trailing slash: `lessons/`.
    folder: &'static str,
    files: &'static [T],
    name: fn(&T) -> &'static str,
}

impl<T> Shelf<T> {
    /// The files of `folder`, each named by `name` (its file name without `.toml`).
    pub const fn new(
        folder: &'static str,
        files: &'static [T],
        name: fn(&T) -> &'static str,
    ) -> Self {
        Shelf {
            folder,
            files,
            name,
        }
    }

    /// Every file, in order.
    pub fn all(&self) -> &'static [T] {
        self.files
    }

    /// The file called `name` (with or without `.toml`).
    pub fn find(&self, name: &str) -> Option<&'static T> {
        let name = name.strip_suffix(".toml").unwrap_or(name);
        self.files.iter().find(|f| (self.name)(f) == name)
    }

    /// A file named on the command line: `NAME`, `NAME.toml` or `FOLDER/NAME.toml`.
    pub fn find_arg(&self, arg: &str) -> Option<&'static T> {
        let name = arg.strip_prefix(self.folder).unwrap_or(arg);
        if name.contains(['/', '\\']) {
            return None;
        }
        self.find(name)
    }

    /// The names of every file, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.files.iter().map(self.name).collect()
    }

    /// Where the file called `name` lives in the repository: `FOLDER/NAME.toml`.
    pub fn path(&self, name: &str) -> String {
        format!("{}{name}.toml", self.folder)
    }
}
