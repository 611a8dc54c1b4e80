import ThiDua

await Entrypoint.main()
