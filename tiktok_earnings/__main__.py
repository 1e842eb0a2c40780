from tiktok_earnings.cli import main

main()
