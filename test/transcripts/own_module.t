Write a module of your own, build it with make, load it, use its proc file, unload it.

  $ mkdir hello && cd hello
  $ cat > hello.ts <<'EOF'
  > import { pr_info, proc_create_single_data, remove_proc_entry, seq_printf, type SeqFile } from "linux";
  > 
  > export default {
  >   name: "hello",
  >   license: "GPL",
  >   author: "llkd",
  >   description: "my first vkern module",
  >   load(THIS_MODULE) {
  >     let reads = 0; /* a module static: fresh on every load */
  >     function hello_show(m: SeqFile): number {
  >       seq_printf(m, "Hello, proc! (read %d)\n", ++reads);
  >       return 0;
  >     }
  >     function hello_init(): number {
  >       proc_create_single_data("hello", 0o444, null, hello_show, null);
  >       pr_info("loaded\n");
  >       return 0;
  >     }
  >     function hello_exit(): void {
  >       remove_proc_entry("hello", null);
  >       pr_info("removed\n");
  >     }
  >     return { init: hello_init, exit: hello_exit };
  >   },
  > };
  > EOF
  $ printf 'obj-m += hello.o\n\nall:\n\tmake -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\nclean:\n\tmake -C /lib/modules/$(shell uname -r)/build M=$(PWD) clean\n' > Makefile
  $ make
  make -C /lib/modules/5.4.0-llkd01/build M=/home/llkd/hello modules
  make[1]: Entering directory '/usr/src/linux-headers-5.4.0-llkd01'
    CC [M]  /home/llkd/hello/hello.o
    Building modules, stage 2.
    MODPOST 1 modules
    CC [M]  /home/llkd/hello/hello.mod.o
    LD [M]  /home/llkd/hello/hello.ko
  make[1]: Leaving directory '/usr/src/linux-headers-5.4.0-llkd01'
  $ modinfo hello.ko | head -4
  filename:       /home/llkd/hello/hello.ko
  description:    my first vkern module
  author:         llkd
  license:        GPL
  $ sudo insmod ./hello.ko
  $ lsmod | grep hello
  hello                  *  0 (glob)
  $ ls -l /proc/hello
  -r--r--r-- 1 root root 0 * /proc/hello (glob)
  $ cat /proc/hello
  Hello, proc! (read 1)
  $ cat /proc/hello
  Hello, proc! (read 2)
  $ dmesg | tail -n 2
  \[ *[0-9]+\.[0-9]{6}\] hello: loading out-of-tree module taints kernel\. (re)
  \[ *[0-9]+\.[0-9]{6}\] hello: loaded (re)
  $ sudo rmmod hello
  $ cat /proc/hello
  cat: /proc/hello: No such file or directory
  [1]
  $ dmesg | tail -n 1
  \[ *[0-9]+\.[0-9]{6}\] hello: removed (re)

A syntax error is a compiler's error, and make fails.

  $ sed 's/(m: SeqFile)/(m: SeqFile/' hello.ts > broken.ts && mv broken.ts hello.ts
  $ make
  make -C /lib/modules/5.4.0-llkd01/build M=/home/llkd/hello modules
  make[1]: Entering directory '/usr/src/linux-headers-5.4.0-llkd01'
    CC [M]  /home/llkd/hello/hello.o
  /home/llkd/hello/hello.ts:10:35: error: unexpected token, expected ","
       function hello_show(m: SeqFile: number {
                                     ^
  scripts/Makefile.build:270: recipe for target '/home/llkd/hello/hello.o' failed
  make[2]: *** [/home/llkd/hello/hello.o] Error 1
  Makefile:1762: recipe for target '/home/llkd/hello' failed
  make[1]: *** [/home/llkd/hello] Error 2
  make[1]: Leaving directory '/usr/src/linux-headers-5.4.0-llkd01'
  Makefile:4: recipe for target 'all' failed
  make: *** [all] Error 2
  [2]
  $ make clean
  make -C /lib/modules/5.4.0-llkd01/build M=/home/llkd/hello clean
  make[1]: Entering directory '/usr/src/linux-headers-5.4.0-llkd01'
    CLEAN   /home/llkd/hello/Module.symvers
  make[1]: Leaving directory '/usr/src/linux-headers-5.4.0-llkd01'
  $ ls
  Makefile
  hello.ts
