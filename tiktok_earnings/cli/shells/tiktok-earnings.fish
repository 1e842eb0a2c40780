# Tab completion for tiktok-earnings in fish, as `tiktok-earnings completion fish` prints it.
# On each Tab the tool itself is asked what fits the words typed so far; it answers `files` (fish then
# completes a path) or `words` followed by `word<TAB>help` lines (tiktok_earnings/cli/completion.py).

function __tiktok_earnings_complete
    set -l typed (commandline -opc)
    set -l tool $typed[1]
    set -e typed[1]
    set -l reply (env _TIKTOK_EARNINGS_COMPLETE=fish $tool $typed (commandline -ct) 2>/dev/null)
    switch "$reply[1]"
        case files
            __fish_complete_path (commandline -ct)
        case words
            set -e reply[1]
            set -q reply[1]; and printf '%s\n' $reply
    end
end

complete -c tiktok-earnings -f -a '(__tiktok_earnings_complete)'
