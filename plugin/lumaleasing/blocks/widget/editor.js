/*
 * The lumaleasing/widget block in the editor: a placeholder. The widget itself is
 * rendered on the server (render_callback) and drawn by the loader on the public page.
 */
( function ( wp ) {
	var el = wp.element.createElement;
	var __ = wp.i18n.__;

	wp.blocks.registerBlockType( 'lumaleasing/widget', {
		edit: function () {
			return el(
				'div',
				wp.blockEditor.useBlockProps(),
				el( wp.components.Placeholder, {
					icon: 'calendar-alt',
					label: __( 'Tour booking', 'lumaleasing' ),
					instructions: __(
						'Visitors see the LumaLeasing tour-booking widget here on the published page.',
						'lumaleasing'
					),
				} )
			);
		},
		save: function () {
			return null;
		},
	} );
} )( window.wp );
