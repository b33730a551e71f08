//! The files a call reads: the device built in Python, held in memory under
//! its own path, in front of the disk.

use pvi_cli::fs_world::FsWorld;
use pvi_core::world::{ReadError, World};
use pvi_core::MemoryWorld;

/// Memory first, then the disk.
pub struct Overlay {
    /// Files given by the caller.
    pub memory: MemoryWorld,
}

impl Overlay {
    /// The disk with one file in front.
    pub fn with(path: &str, text: &str) -> Self {
        let mut memory = MemoryWorld::new();
        memory.insert(path, text.as_bytes().to_vec());
        Overlay { memory }
    }
}

impl World for Overlay {
    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        match self.memory.read_bytes(path) {
            Err(ReadError::NotFound) => FsWorld.read_bytes(path),
            r => r,
        }
    }

    fn is_dir(&self, path: &str) -> bool {
        FsWorld.is_dir(path)
    }

    fn is_file(&self, path: &str) -> bool {
        self.memory.is_file(path) || FsWorld.is_file(path)
    }

    fn list_dir(&self, path: &str) -> Vec<String> {
        FsWorld.list_dir(path)
    }
}
