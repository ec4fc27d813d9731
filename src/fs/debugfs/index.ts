/** The driver-facing debugfs API (include/linux/debugfs.h), re-exported by src/linux.ts. */

export {
  type debugfs_blob_wrapper,
  debugfs_create_blob,
  debugfs_create_regset32,
  debugfs_create_u32_array,
  debugfs_print_regs32,
  type debugfs_reg32,
  type debugfs_regset32,
  type debugfs_u32_array,
  type IoMem,
} from "./arrays.ts";
export {
  DEFINE_DEBUGFS_ATTRIBUTE,
  debugfs_attr_read,
  debugfs_attr_write,
  debugfs_file_get,
  debugfs_file_put,
  debugfs_real_fops,
} from "./file.ts";
export {
  debugfs_create_atomic_t,
  debugfs_create_bool,
  debugfs_create_size_t,
  debugfs_create_u8,
  debugfs_create_u16,
  debugfs_create_u32,
  debugfs_create_u64,
  debugfs_create_ulong,
  debugfs_create_x8,
  debugfs_create_x16,
  debugfs_create_x32,
  debugfs_create_x64,
  debugfs_create_xul,
  debugfs_read_file_bool,
  debugfs_write_file_bool,
} from "./helpers.ts";
export {
  type DebugfsDentry,
  debugfs_create_dir,
  debugfs_create_file,
  debugfs_create_file_size,
  debugfs_create_file_unsafe,
  debugfs_create_symlink,
  debugfs_initialized,
  debugfs_lookup,
  debugfs_lookup_and_remove,
  debugfs_remove,
  debugfs_remove_recursive,
  IS_ERR_OR_NULL,
} from "./inode.ts";
