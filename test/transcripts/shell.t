The login shell and sh: quoting, expansion, pipes, redirections, status codes.

  $ echo "a  b" 'c  d' e\ f
  a  b c  d e f
  $ x=3; echo $((x * 7)) ${x:-none} ${y:-none} "${#x}"
  21 3 none 1
  $ echo one two | cat
  one two
  $ nosuchcmd
  bash: nosuchcmd: command not found
  [127]
  $ sh -c 'nosuchcmd'
  sh: 1: nosuchcmd: not found
  [127]
  $ sh -c 'echo "unterminated'
  sh: 1: Syntax error: Unterminated quoted string
  [2]
  $ echo hi > /proc/version
  bash: /proc/version: Permission denied
  [1]
  $ sh -c 'echo a\\tb'
  a\tb (esc)
  $ for i in 1 2 3; do echo -n "$i "; done; echo
  1 2 3 
  $ f() { return 3; }; f; echo $?
  3
  $ cd /proc && pwd && cd - > /dev/null && pwd
  /proc
  /home/llkd
  $ cat <<EOF
  > here $HOME
  > EOF
  here /home/llkd
  $ case foo.c in *.h) echo h;; *.c) echo c;; esac
  c
  $ (exit 7); echo $?
  7
